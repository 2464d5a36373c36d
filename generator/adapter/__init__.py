"""Everything specific to MkDocs and Material: the plugin, the nav, search words."""
