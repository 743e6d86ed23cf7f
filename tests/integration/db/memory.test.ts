import { createMemoryRepositories, seedBuiltins } from '../../../server/db';
import { repositoryContract } from './contract';

repositoryContract('memory', async () => {
  const db = createMemoryRepositories();
  await seedBuiltins(db);
  return db;
});
