// GraphiQL for Sync Bridge: queries and mutations go to POST /graphql with the headers typed in
// the headers pane, which starts with the token header to fill in. Nothing is kept in storage:
// GraphiQL's history saves each run's headers, token included, even with shouldPersistHeaders off,
// so it gets no storage at all (tabs and history last as long as the page).
(function () {
  // What GraphiQL kept here before it was given no storage, tokens included, goes now.
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith('graphiql:')) {
      localStorage.removeItem(key);
    }
  }
  const network = GraphiQL.createFetcher({ url: '/graphql' });
  // Without a token the server can only answer 401: say what to do instead of sending the request
  // (the schema is loaded once it is there: run a query, or the "re-fetch schema" button).
  const fetcher = function (params, options) {
    const token = options && options.headers && options.headers['x-auth-token'];
    if (!token) {
      return Promise.resolve({
        errors: [{ message: 'Enter the token in the Headers pane: {"x-auth-token": "…"}' }],
      });
    }
    return network(params, options);
  };
  const root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      storage: null,
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
