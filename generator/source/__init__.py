"""Reading sites.yaml: strict YAML with positions, the problems an editor is shown, loading and cross-record rules."""
