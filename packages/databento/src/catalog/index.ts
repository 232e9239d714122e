export { fetchToCatalog, formatBytes } from './catalog-fetch.ts';
export type { CatalogFetchRequest, CatalogFetchOptions, CatalogFetchResult, FetchEstimate, FetchEvent } from './catalog-fetch.ts';
export { contractWindows, planFetch, symbolKind } from './fetch-plan.ts';
export type { ContractInterval, ContractWindow, FetchChunk, FetchPlan, SizingSpan, SymbolKind } from './fetch-plan.ts';
export { contractKey, resolveContracts } from './contract-resolution.ts';
export type { ResolvedContracts } from './contract-resolution.ts';
export { importDbnFileToCatalog } from './dbn-catalog-import.ts';
export type { DbnCatalogImport } from './dbn-catalog-import.ts';
