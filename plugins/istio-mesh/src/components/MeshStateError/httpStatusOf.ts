/**
 * HTTP status of a `ResponseError` from `@backstage/errors`, checked by shape
 * (as `ResponseError.is` does) so that any copy of that package matches.
 *
 * @internal
 */
export function httpStatusOf(error: Error): number | undefined {
  const statusCode = (error as Partial<Record<'statusCode', unknown>>)
    .statusCode;
  return error.name === 'ResponseError' && typeof statusCode === 'number'
    ? statusCode
    : undefined;
}
