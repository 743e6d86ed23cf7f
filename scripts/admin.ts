/**
 * Teacher accounts' roles, on the database DATABASE_URL names (as the server does; default
 * data/game.db):
 *   npm run admin -- promote <username-or-email>   makes the account an admin
 *   npm run admin -- demote <username-or-email>    makes it a teacher again
 * The first admin: sign up in the page (/signup), then promote that account here.
 * Exit 0 done, 1 no such account, 2 usage.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { finish, parseArgs, UsageError } from './cli';
import { openDatabase, PROJECT_ROOT, type AuthRole } from '../server/db';


function program(): Command {
  return new Command('admin')
    .description('Promote or demote teacher accounts (DATABASE_URL, default data/game.db).')
    .argument('<command>', 'promote | demote')
    .argument('<login>', 'the username or e-mail of the account')
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} });
}

/** .env as the server reads it (Next loads it there); an exported variable wins. */
function loadDotEnv(): void {
  const file = path.join(PROJECT_ROOT, '.env');
  if (fs.existsSync(file) && typeof process.loadEnvFile === 'function') process.loadEnvFile(file);
}

async function main(argv: string[]): Promise<number> {
  const cmd = program();
  if (!parseArgs(cmd, argv, 'usage: npm run admin -- promote|demote <username-or-email>')) return 0;
  const [command, login] = cmd.args as [string, string];
  const roles: Record<string, AuthRole> = { promote: 'admin', demote: 'teacher' };
  const role = roles[command];
  if (!role) throw new UsageError(`unknown command "${command}": promote or demote`);
  if (!login.trim()) throw new UsageError('name the account: its username or e-mail');

  loadDotEnv();
  const db = await openDatabase(process.env.DATABASE_URL, { seed: false });
  try {
    const user = await db.auth!.setRole(login, role);
    if (!user) {
      process.stderr.write(`no account with username or e-mail "${login}" (sign up at /signup first)\n`);
      return 1;
    }
    process.stdout.write(`${user.username ?? user.email} is now ${user.role === 'admin' ? 'an admin' : 'a teacher'}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

// Exits outright: a database client or the auth library may keep timers of their own.
finish('admin', main(process.argv.slice(2)), undefined, { exit: true });
