/**
 * Saves a blob as a file from the page (an exported experiment, a chart, a scenario).
 * The link is attached while clicked (some browsers ignore a detached one) and the URL
 * revoked later, not at once: the download may still be reading it.
 */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(name: string, text: string, type: string): void {
  downloadBlob(name, new Blob([text], { type }));
}
