"""What a deploy that adds or renames steps does to runs already in flight."""
