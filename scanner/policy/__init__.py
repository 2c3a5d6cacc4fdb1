"""Policy stage: policy files (``document``), the data-category taxonomy and the verdict of each finding."""
