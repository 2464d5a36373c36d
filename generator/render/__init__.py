"""The site's files from a loaded project: {site path: content}. Imports no MkDocs."""
