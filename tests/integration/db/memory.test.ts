import { createMemoryRepositories, seedBuiltins } from '../../../server/db';
import { arenaContract } from './arena-contract';
import { authoredContract } from './authored-contract';
import { repositoryContract } from './contract';
import { teachContract } from './teach-contract';

repositoryContract('memory', async () => {
  const db = createMemoryRepositories();
  await seedBuiltins(db);
  return db;
});

arenaContract('memory', async () => createMemoryRepositories());
teachContract('memory', async () => {
  const db = createMemoryRepositories();
  await seedBuiltins(db);
  return db;
});

authoredContract('memory', async () => {
  const db = createMemoryRepositories();
  await seedBuiltins(db);
  return db;
});
