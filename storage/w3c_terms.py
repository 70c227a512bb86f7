"""The W3C Web Annotation vocabulary Claimmark writes and reads (shared by export and import)."""

from __future__ import annotations

from typing import Any

W3C_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
NAMESPACE = "urn:claimmark:"
CONTEXT: list[Any] = [W3C_CONTEXT, {"claimmark": NAMESPACE}]
CLAIM_TYPE_ROLE = "claimType"  # claimmark:role of the tagging body naming the claim type
SPEAKER_ROLE = "speaker"  # claimmark:role of the identifying body naming who says it
