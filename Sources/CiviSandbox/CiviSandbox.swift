// Filled by the sandbox issue.
