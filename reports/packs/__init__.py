"""Evidence packs: per-employee review evidence built from the marts (context), rendered for managers."""
