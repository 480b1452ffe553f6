import useAsyncFn from 'react-use/esm/useAsyncFn';
import Button from '@material-ui/core/Button';
import GetAppIcon from '@material-ui/icons/GetApp';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import { istioMeshApiRef } from '../../api';
import { ComplianceView, csvQuery } from './complianceView';
import { describeError } from './describeError';

export const CSV_FILE_NAME = 'istio-mesh-compliance.csv';

/** Saves text as a file through a temporary link, as the catalog's export does. */
function saveFile(text: string, fileName: string) {
  const url = URL.createObjectURL(
    new Blob([text], { type: 'text/csv;charset=utf-8' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}

/**
 * Downloads every row of the view (all pages, same filters and order) as
 * CSV. The backend needs the user's token, so the file is fetched through
 * the API client rather than by a plain link.
 *
 * @internal
 */
export function ExportCsvButton(props: { view: ComplianceView }) {
  const { view } = props;
  const api = useApi(istioMeshApiRef);
  const alertApi = useApi(alertApiRef);
  const [{ loading }, exportCsv] = useAsyncFn(async () => {
    try {
      saveFile(await api.getComplianceCsv(csvQuery(view)), CSV_FILE_NAME);
    } catch (error) {
      const { status, message } = describeError(error as Error);
      alertApi.post({
        message: `Could not export the CSV: ${
          status ? `${status}: ` : ''
        }${message}`,
        severity: 'error',
      });
    }
  }, [api, alertApi, view]);
  return (
    <Button
      variant="outlined"
      color="primary"
      startIcon={<GetAppIcon />}
      disabled={loading}
      onClick={exportCsv}
    >
      Export CSV
    </Button>
  );
}
