import {
  complianceViewParams,
  csvQuery,
  isFiltered,
  listQuery,
  parseComplianceView,
  summaryQuery,
} from './complianceView';

const parse = (search: string) =>
  parseComplianceView(new URLSearchParams(search));

describe('the compliance view in the URL', () => {
  it('defaults to every row by entity ref, 50 a page, 30 days of trend', () => {
    expect(parse('')).toStrictEqual({
      owner: undefined,
      system: undefined,
      namespace: undefined,
      cluster: undefined,
      q: undefined,
      level: undefined,
      criterion: undefined,
      orderBy: 'entityRef',
      order: 'asc',
      page: 1,
      pageSize: 50,
      days: 30,
    });
    expect(complianceViewParams(parse('')).toString()).toBe('');
    expect(isFiltered(parse(''))).toBe(false);
  });

  it('reads a criterion filter as <id>=<status>', () => {
    const view = parse('mtls-strict=fail&system=online-boutique');
    expect(view.criterion).toStrictEqual({ id: 'mtls-strict', status: 'fail' });
    expect(isFiltered(view)).toBe(true);
    expect(listQuery(view)).toStrictEqual({
      owner: undefined,
      system: 'online-boutique',
      namespace: undefined,
      cluster: undefined,
      level: undefined,
      criterion: 'mtls-strict',
      status: 'fail',
      q: undefined,
      orderBy: 'entityRef',
      order: 'asc',
      limit: 50,
      offset: 0,
    });
  });

  it('round-trips every part of a shared view', () => {
    const search =
      'owner=group%3Adefault%2Fboutique-team&system=online-boutique&namespace=boutique-dev&cluster=homelab&q=pay&level=bronze&authz-enforced=warn&orderBy=mtls-strict&order=desc&page=3&pageSize=25&days=7';
    const view = parse(search);
    expect(complianceViewParams(view).toString()).toBe(search);
    expect(listQuery(view)).toMatchObject({
      owner: 'group:default/boutique-team',
      criterion: 'authz-enforced',
      status: 'warn',
      orderBy: 'mtls-strict',
      order: 'desc',
      limit: 25,
      offset: 50,
    });
    // The export and the summary take the same filters, without paging.
    expect(csvQuery(view)).toStrictEqual({
      owner: 'group:default/boutique-team',
      system: 'online-boutique',
      namespace: 'boutique-dev',
      cluster: 'homelab',
      level: 'bronze',
      criterion: 'authz-enforced',
      status: 'warn',
      q: 'pay',
      orderBy: 'mtls-strict',
      order: 'desc',
    });
    expect(summaryQuery(view)).toMatchObject({ q: 'pay', days: 7 });
    expect(summaryQuery(view)).not.toHaveProperty('limit');
  });

  it('leaves out values the page does not offer instead of sending them', () => {
    const view = parse(
      'level=platinum&mtls-strict=broken&tracing=pass&orderBy=colour&order=up&page=-2&pageSize=7&days=1000&q=%20%20',
    );
    expect(view).toMatchObject({
      level: undefined,
      // The first criterion with a known status.
      criterion: { id: 'tracing', status: 'pass' },
      orderBy: 'entityRef',
      order: 'asc',
      page: 1,
      pageSize: 50,
      days: 30,
      q: undefined,
    });
  });
});
