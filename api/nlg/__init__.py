"""Response wording: definitions, catalogs and rendering for Rasa's NLG server protocol."""
