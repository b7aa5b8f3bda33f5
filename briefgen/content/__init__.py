"""Reading the content: YAML files, the bibliography and the config, validated into located, typed objects."""
