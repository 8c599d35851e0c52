// Filled by the shell issue.
