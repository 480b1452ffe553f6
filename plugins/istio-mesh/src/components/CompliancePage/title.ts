/**
 * The compliance page's title: its header in the legacy frontend system,
 * the app's page header and sidebar entry in the new one; short enough for
 * the sidebar ("Mesh compliance" is cut there). A module of its own, so
 * that the plugin's entry points name it without loading the page.
 *
 * @internal
 */
export const COMPLIANCE_PAGE_TITLE = 'Compliance';
