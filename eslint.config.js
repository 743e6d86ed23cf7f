import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The architecture boundaries are checked here, not hoped for:
// - the engine is pure: it imports nothing from the rest of the project, nor Node,
//   React, Socket.IO, Prisma or Next (it runs in the browser and on the server);
// - rooms know no transport and no database (they are handed ports, rooms/ports.ts);
// - the UI takes only the engine and the wire contract (server/protocol) from the
//   server, so it never reaches the database, a room or the transport.
const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'http', 'https', 'net', 'child_process', 'crypto', 'worker_threads', 'timers', 'events', 'url', 'util', 'stream'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.next/**', 'scripts/scratch/**', 'server/db/generated/**', 'prisma/**/generated/**', 'test-results/**', 'playwright-report/**', 'next-env.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain Node scripts (ESM .mjs) run outside TypeScript: tell ESLint about Node's globals.
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', __dirname: 'readonly' },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['server/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/server/*', '**/app/*', '**/prisma/*', '**/scripts/*', '**/rooms/*', '**/protocol/*', '**/realtime/*', '**/db/*'], message: 'The engine imports nothing from the rest of the project.' },
          { group: ['@/*'], message: 'The engine imports nothing from the rest of the project.' },
          { group: [...nodeBuiltins, 'react', 'react-*', 'next', 'next/*', 'socket.io', 'socket.io-*', '@prisma/*', 'prisma', 'pg', 'better-sqlite3'], message: 'The engine is pure: no Node, React, Next, Socket.IO or Prisma.' },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'Date', message: 'The engine is deterministic: no wall clock.' },
        { name: 'setTimeout', message: 'The engine has no timers.' },
        { name: 'setInterval', message: 'The engine has no timers.' },
        { name: 'performance', message: 'The engine has no wall clock.' },
        { name: 'process', message: 'The engine does no I/O.' },
      ],
      'no-restricted-properties': ['error', { object: 'Math', property: 'random', message: 'Use the seeded PRNG in the game state.' }],
    },
  },
  {
    // Top-level engine modules may not climb out of the engine folder.
    files: ['server/engine/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['../*', '@/*'], message: 'The engine imports nothing from the rest of the project.' },
          { group: [...nodeBuiltins, 'react', 'react-*', 'next', 'next/*', 'socket.io', 'socket.io-*', '@prisma/*', 'prisma', 'pg', 'better-sqlite3'], message: 'The engine is pure: no Node, React, Next, Socket.IO or Prisma.' },
        ],
      }],
    },
  },
  {
    files: ['server/engine/*/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['../../*', '@/*'], message: 'The engine imports nothing from the rest of the project.' },
          { group: [...nodeBuiltins, 'react', 'react-*', 'next', 'next/*', 'socket.io', 'socket.io-*', '@prisma/*', 'prisma', 'pg', 'better-sqlite3'], message: 'The engine is pure: no Node, React, Next, Socket.IO or Prisma.' },
        ],
      }],
    },
  },
  {
    files: ['server/rooms/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['socket.io', 'socket.io-*', '**/realtime/*', '**/realtime'], message: 'Rooms know no transport.' },
          { group: ['@prisma/*', 'pg', 'better-sqlite3'], message: 'Rooms use ports (rooms/ports.ts), never a database driver.' },
          // Any path that names server/db: relative (../db, ../../server/db/x) or the @/ alias.
          { regex: '(?:^|/)db(?:/|$)', message: 'Rooms never import server/db: they are handed ports (rooms/ports.ts).' },
        ],
      }],
    },
  },
  {
    files: ['app/**/*.ts', 'app/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['@prisma/*', 'pg', 'better-sqlite3'], message: 'The UI never talks to the database.' },
          // server/ by a relative path or the @/ alias, anywhere but engine/ and protocol/.
          { regex: '^(?:(?:\\.\\./)+|@/)server(?:$|/(?!(?:engine|protocol)(?:/|$)))', message: 'The UI imports only the engine and the protocol from server/.' },
        ],
      }],
    },
  },
);
