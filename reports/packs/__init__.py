"""Evidence packs: one per employee per review cycle (and monthly checkpoint), delivered per manager."""
