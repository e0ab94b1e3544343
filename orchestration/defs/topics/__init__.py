"""Topics domain: BERTopic themes with cached embeddings and stable ids."""
