/**
 * Next.js configuration (ESM: the package is "type": "module").
 * Database drivers and Prisma stay outside the server bundle: they are native or
 * load their own files at run time. The UI itself never imports them.
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  reactStrictMode: true,
  typedRoutes: false,
  poweredByHeader: false,
  // `npm test` type-checks the whole tree with tsc first; `next build` (run by
  // `npm start`) should not refuse to serve the game over a type error in a test file.
  typescript: { ignoreBuildErrors: true },
  // Browsers ask for /favicon.ico on their own (a file download, a JSON answer opened as a page):
  // the site's icon is an SVG in public/.
  async rewrites() {
    return [{ source: '/favicon.ico', destination: '/icon.svg' }];
  },
  serverExternalPackages: [
    'better-sqlite3',
    'pg',
    '@prisma/client',
    '@prisma/adapter-better-sqlite3',
    '@prisma/adapter-pg',
  ],
};

export default nextConfig;
