"""Every write of submissions, a module per subject: `packages` (create, retry), `builds` (what
the export worker renders: packages and platforms), `files` (StoredFile), `progress`,
`platform`, `recipients`, `letters` and `tracking`."""
