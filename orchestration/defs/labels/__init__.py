"""Labels domain: hand labels of posts and the stance shares corrected with them."""
