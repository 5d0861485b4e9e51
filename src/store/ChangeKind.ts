/** The kinds of change-log events (the GraphQL `ChangeKind`). */
export const ChangeKind = {
  EDITION_ADDED: 'EDITION_ADDED',
  EDITION_WITHDRAWN: 'EDITION_WITHDRAWN',
  /** Its `updated`, title, date, zone, format or CRS changed. */
  EDITION_CHANGED: 'EDITION_CHANGED',
  PRODUCT_ADDED: 'PRODUCT_ADDED',
  PRODUCT_WITHDRAWN: 'PRODUCT_WITHDRAWN',
  /** Its `updated` or title changed. */
  PRODUCT_CHANGED: 'PRODUCT_CHANGED',
} as const;

export type ChangeKind = (typeof ChangeKind)[keyof typeof ChangeKind];
