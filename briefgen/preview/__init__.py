"""``briefgen serve``: the live preview."""
