import { PassThrough } from 'stream';
import { text } from 'stream/consumers';
import { ComplianceRow } from '@istio-mesh/plugin-istio-mesh-common';
import { writeComplianceCsv } from './complianceCsv';

const HEADER =
  'entityRef,title,owner,system,level,gitops-managed,sidecar-injected,mtls-strict,traffic-policy,authz-enforced,service-graph,tracing,metrics,everything-in-git,updatedAt';

function row(overrides: Partial<ComplianceRow>): ComplianceRow {
  return {
    entityRef: 'component:default/payment',
    owner: 'group:default/payments-team',
    system: 'system:default/shop',
    level: 'bronze',
    criteria: { 'sidecar-injected': 'pass', 'mtls-strict': 'fail' },
    updatedAt: '2026-11-28T10:00:00.000Z',
    ...overrides,
  };
}

function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function csvOf(rows: ComplianceRow[]): Promise<string> {
  const output = new PassThrough();
  const written = text(output);
  await writeComplianceCsv(rows, output);
  return written;
}

describe('writeComplianceCsv', () => {
  it('writes a header row and one line per row, unknown for a missing verdict', async () => {
    expect(await csvOf([row({})])).toBe(
      [
        HEADER,
        'component:default/payment,,group:default/payments-team,system:default/shop,bronze,unknown,pass,fail,unknown,unknown,unknown,unknown,unknown,unknown,2026-11-28T10:00:00.000Z',
        '',
      ].join('\n'),
    );
  });

  it('writes only the header when no row matches', async () => {
    expect(await csvOf([])).toBe(`${HEADER}\n`);
  });

  it.each([
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+1+1', "'+1+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['\rcmd', `"'\rcmd"`],
  ])('defuses the formula in the title %j as %j', async (title, expected) => {
    const [, line] = (await csvOf([row({ title })])).split('\n');
    expect(line).toMatch(
      new RegExp(
        `^component:default/payment,${escapeRegExp(
          expected,
        )},group:default/payments-team,`,
      ),
    );
  });

  it('quotes commas, quotes and line breaks, and leaves plain text alone', async () => {
    const csv = await csvOf([
      row({ title: 'Payments, "v2"\nEU' }),
      row({ entityRef: 'component:default/cart', title: 'Cart - EU' }),
    ]);
    expect(csv.split(HEADER)[1]).toContain(
      `component:default/payment,"Payments, ""v2""\nEU",group:default/payments-team`,
    );
    expect(csv).toContain('component:default/cart,Cart - EU,group:default/');
  });
});
