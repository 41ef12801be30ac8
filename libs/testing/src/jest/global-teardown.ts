export default async function globalTeardown(): Promise<void> {
  const postgres = globalThis.__mpcPostgres;
  globalThis.__mpcPostgres = undefined;
  await postgres?.stop();
}
