"""The demo ward: a believable ward of Khánh Hòa built from the official list."""
