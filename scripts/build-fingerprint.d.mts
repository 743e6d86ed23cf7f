/** Types of build-fingerprint.mjs (plain JavaScript: `npm start` runs it with node alone). */
export declare const BUILD_INPUTS: readonly string[];
export declare const FINGERPRINT_FILE: string;
export declare function buildFingerprint(root: string): string;
export declare function recordedFingerprint(root: string): string | null;
export declare function recordFingerprint(root: string, fingerprint: string): void;
export declare function buildReason(root: string, opts?: { rebuild?: boolean; fingerprint?: string }): string | null;
