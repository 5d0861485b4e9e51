/** The two stores the catalogue runs on: an embedded SQLite file, or PostgreSQL for replicas. */
export type StoreDialect = 'sqlite' | 'postgres';
