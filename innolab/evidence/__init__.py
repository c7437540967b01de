"""Supporting evidence (bukti dukung): files and links, and the per-stage checklists."""
