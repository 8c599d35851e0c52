// Filled by the client issue.
