// The HTTP contract, checked by the compiler: each type the client and the
// backend's handlers use for a request or a response is compared with the
// type openapi-typescript generated from openapi.yaml (openapi.generated.ts),
// field by field and in both directions. A field in one and not the other,
// optional in one only, or of another type fails `tsc` with a message naming
// the path, e.g. `Type '"EntityMeshState.runtime: in common, not in
// openapi.yaml"' does not satisfy the constraint 'never'`.
//
// Type-only: nothing here runs, and the package's entry point does not
// import it, so the generated types stay out of the public API.

import type { operations } from './openapi.generated';
import type { EntityMeshState } from '../types/mesh';
import type { EntityTraces } from '../types/traces';
import type { EntityName, EntityTracesQuery } from './IstioMeshClient';
import type {
  ComplianceCsvQuery,
  CompliancePage,
  ComplianceQuery,
  ComplianceSummary,
  ComplianceSummaryQuery,
} from './complianceTypes';
import type { AnalyzeRequest, AnalyzeResponse } from './analyzeTypes';

type Leaf = string | number | boolean | bigint | symbol | null | undefined;

/** Whether `A` and `B` are assignable to each other. */
type Assignable<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? true
    : false
  : false;

type IsOptional<T, K extends keyof T> = {} extends Pick<T, K> ? true : false;

type StringKeys<T> = Extract<keyof T, string>;

/** Whether `T` is a map: an object with a string index signature. */
type IsMap<T> = string extends keyof T ? true : false;

/**
 * Where `A` (common's) and `B` (generated from openapi.yaml) differ: a union
 * of messages naming the path, `never` when they agree.
 */
export type Mismatch<A, B, Path extends string> = [A] extends [
  readonly (infer ItemA)[],
]
  ? [B] extends [readonly (infer ItemB)[]]
    ? Mismatch<ItemA, ItemB, `${Path}[]`>
    : `${Path}: an array in common only`
  : [B] extends [readonly unknown[]]
  ? `${Path}: an array in openapi.yaml only`
  : [A] extends [Leaf]
  ? Assignable<A, B> extends true
    ? never
    : `${Path}: another type in common than in openapi.yaml`
  : [B] extends [Leaf]
  ? `${Path}: another type in common than in openapi.yaml`
  : ObjectMismatch<A, B, Path>;

type ObjectMismatch<A, B, Path extends string> = IsMap<B> extends true
  ? IsMap<A> extends true
    ? Mismatch<A[string & keyof A], B[string & keyof B], `${Path}[key]`>
    : // OpenAPI 3.0 cannot restrict a map's keys (to criterion ids, say):
      // common's record of optional known keys matches the spec's map when
      // its values do.
      KnownKeysMapMismatch<A, B[string & keyof B], Path>
  : IsMap<A> extends true
  ? `${Path}: a map in common, an object of fixed fields in openapi.yaml`
  : FieldsMismatch<A, B, Path>;

type KnownKeysMapMismatch<A, Value, Path extends string> = {
  [K in StringKeys<A>]-?: IsOptional<A, K> extends true
    ? Mismatch<Exclude<A[K], undefined>, Value, `${Path}.${K}`>
    : `${Path}.${K}: required in common, a map's key in openapi.yaml`;
}[StringKeys<A>];

type FieldsMismatch<A, B, Path extends string> = {
  [K in StringKeys<A> | StringKeys<B>]-?: K extends keyof A
    ? K extends keyof B
      ? IsOptional<A, K> extends IsOptional<B, K>
        ? Mismatch<
            Exclude<A[K], undefined>,
            Exclude<B[K], undefined>,
            `${Path}.${K}`
          >
        : `${Path}.${K}: optional in ${IsOptional<A, K> extends true
            ? 'common'
            : 'openapi.yaml'} only`
      : `${Path}.${K}: in common, not in openapi.yaml`
    : `${Path}.${K}: in openapi.yaml, not in common`;
}[StringKeys<A> | StringKeys<B>];

/** Fails type-checking, naming the mismatch, unless `M` is `never`. */
type Agree<M extends never> = M;

type Json<
  Id extends keyof operations,
  Status extends keyof operations[Id]['responses'],
> = operations[Id]['responses'][Status] extends {
  content: { 'application/json': infer Body };
}
  ? Body
  : never;

type Query<Id extends keyof operations> = NonNullable<
  operations[Id]['parameters']['query']
>;

type PathParams<Id extends keyof operations> =
  operations[Id]['parameters']['path'];

type JsonBody<Id extends keyof operations> =
  operations[Id]['requestBody'] extends {
    content: { 'application/json': infer Body };
  }
    ? Body
    : never;

/** Every request and response type of the client, against the spec. */
export type OpenApiContract = [
  Agree<
    Mismatch<
      EntityName,
      PathParams<'GetEntityMeshState'>,
      'GetEntityMeshState path'
    >
  >,
  Agree<
    Mismatch<
      EntityMeshState,
      Json<'GetEntityMeshState', 200>,
      'EntityMeshState'
    >
  >,
  Agree<
    Mismatch<EntityName, PathParams<'GetEntityTraces'>, 'GetEntityTraces path'>
  >,
  Agree<
    Mismatch<EntityTracesQuery, Query<'GetEntityTraces'>, 'EntityTracesQuery'>
  >,
  Agree<Mismatch<EntityTraces, Json<'GetEntityTraces', 200>, 'EntityTraces'>>,
  Agree<Mismatch<ComplianceQuery, Query<'GetCompliance'>, 'ComplianceQuery'>>,
  Agree<Mismatch<CompliancePage, Json<'GetCompliance', 200>, 'CompliancePage'>>,
  Agree<
    Mismatch<
      ComplianceCsvQuery,
      Query<'GetComplianceCsv'>,
      'ComplianceCsvQuery'
    >
  >,
  Agree<
    Mismatch<
      ComplianceSummaryQuery,
      Query<'GetComplianceSummary'>,
      'ComplianceSummaryQuery'
    >
  >,
  Agree<
    Mismatch<
      ComplianceSummary,
      Json<'GetComplianceSummary', 200>,
      'ComplianceSummary'
    >
  >,
  Agree<Mismatch<AnalyzeRequest, JsonBody<'Analyze'>, 'AnalyzeRequest'>>,
  Agree<Mismatch<AnalyzeResponse, Json<'Analyze', 200>, 'AnalyzeResponse'>>,
];

/** Fails type-checking unless `T` is `true`. */
type Is<T extends true> = T;

/** The comparison itself finds each kind of difference. */
export type MismatchFindsDifferences = [
  Is<
    Assignable<
      Mismatch<{ a?: string }, {}, 'T'>,
      'T.a: in common, not in openapi.yaml'
    >
  >,
  Is<
    Assignable<
      Mismatch<{}, { a?: string }, 'T'>,
      'T.a: in openapi.yaml, not in common'
    >
  >,
  Is<
    Assignable<
      Mismatch<{ a?: string }, { a: string }, 'T'>,
      'T.a: optional in common only'
    >
  >,
  Is<
    Assignable<
      Mismatch<{ a: Array<{ b: 'x' | 'y' }> }, { a: Array<{ b: 'x' }> }, 'T'>,
      'T.a[].b: another type in common than in openapi.yaml'
    >
  >,
  Is<
    Assignable<
      Mismatch<{ a: number | null }, { a: number }, 'T'>,
      'T.a: another type in common than in openapi.yaml'
    >
  >,
  Is<
    Assignable<
      Mismatch<{ a: { b: string } }, { a: string }, 'T'>,
      'T.a: another type in common than in openapi.yaml'
    >
  >,
  Is<
    Assignable<
      Mismatch<{ a: string[] }, { a: string }, 'T'>,
      'T.a: an array in common only'
    >
  >,
  Is<
    Assignable<
      Mismatch<Partial<Record<'k', number>>, { [key: string]: string }, 'T'>,
      'T.k: another type in common than in openapi.yaml'
    >
  >,
  Is<
    Assignable<
      Mismatch<Record<'k', number>, { [key: string]: number }, 'T'>,
      "T.k: required in common, a map's key in openapi.yaml"
    >
  >,
  Is<
    Assignable<
      Mismatch<
        { a: { b?: 1 }; m: Record<string, 2> },
        { a: { b?: 1 }; m: { [key: string]: 2 } },
        'T'
      >,
      never
    >
  >,
];
