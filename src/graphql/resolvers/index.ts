import type { Resolvers } from '../__generated__/resolvers-types';
import { DateScalar } from '../scalars/DateScalar';
import { DateTimeScalar } from '../scalars/DateTimeScalar';
import { JSONScalar } from '../scalars/JSONScalar';
import { LongScalar } from '../scalars/LongScalar';
import type { FileEntry } from '../../upstream/format/model';
import { Archive, ArchiveContents } from './Archive';
import { ChecksumReport } from './ChecksumReport';
import { catalogueEditionConnection, catalogueQuery, catalogueResource, catalogueSubResource } from './catalogue';
import { CatalogueChange, Subscription } from './changes';
import { connectionResolvers, edgeResolvers } from './connections';
import { facetResolvers } from './facets';
import { File } from './File';
import type { ResourceParent, SubResourceParent } from '../models/parents';
import { Query } from './Query';
import { searchResourcesQuery } from './searchResources';
import { Resource } from './Resource';
import { SubResource } from './SubResource';
import { SyncPlan, syncPlanQuery } from './syncPlan';
import { Mutation, Watch, watchQueries } from './watches';
import { Place, PlaceCommune, placeQuery } from './Place';
import { Zone } from './Zone';

/** The whole resolver map, typed against the SDL by codegen. */
export const resolvers: Resolvers = {
  // Root and entities
  Query: { ...Query, ...catalogueQuery, ...searchResourcesQuery, ...watchQueries, ...placeQuery, ...syncPlanQuery },
  Resource: { ...Resource, ...catalogueResource },
  SubResource: { ...SubResource, ...catalogueSubResource },
  File,
  Zone,
  // Places: reference data and footprints, no upstream request
  Place,
  PlaceCommune,
  // Connections: one lazily loaded window each
  ResourceConnection: connectionResolvers<ResourceParent>(),
  SubResourceConnection: connectionResolvers<SubResourceParent>(),
  FileConnection: connectionResolvers<FileEntry>(),
  ResourceEdge: edgeResolvers<ResourceParent>(),
  SubResourceEdge: edgeResolvers<SubResourceParent>(),
  FileEdge: edgeResolvers<FileEntry>(),
  EditionConnection: catalogueEditionConnection,
  // Keeping a copy current: what to download and delete since a position of the change log
  SyncPlan,
  // Archives and checksums: tables of contents, md5 reports, plans
  Archive,
  ArchiveContents,
  ChecksumReport,
  // Catalogue facets
  ...facetResolvers,
  // Catalogue changes and webhook watches
  Subscription,
  CatalogueChange,
  Mutation,
  Watch,
  // Scalars
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Long: LongScalar,
  JSON: JSONScalar,
};
