/**
 * The page's own script (served as an asset, so that the page needs no inline script): reads the JSON
 * configuration block and renders GraphiQL against the URL the page came from. Plain ES2017 for the browser.
 */
export const BOOT_SCRIPT = `(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('graphiql-config').textContent);
  var container = document.getElementById('graphiql');
  container.textContent = '';
  ReactDOM.createRoot(container).render(
    React.createElement(GraphiQL, {
      fetcher: GraphiQL.createFetcher({ url: window.location.pathname }),
      defaultTabs: config.tabs,
      defaultQuery: config.newTabQuery,
    })
  );
})();
`;
