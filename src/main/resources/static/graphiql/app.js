// GraphiQL for Sync Bridge: queries and mutations go to POST /graphql with the headers typed in
// the headers pane, which starts with the token header to fill in. Nothing is kept in storage.
(function () {
  const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
  const root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultHeaders: '{"x-auth-token": ""}',
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      defaultEditorToolsVisibility: 'headers',
      defaultQuery:
        '# Put the token in the headers pane below, then run:\n' +
        'query {\n  employees(offset: 0, limit: 10) {\n    id\n    fullName\n    email\n  }\n}\n',
    }),
  );
})();
