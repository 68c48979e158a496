"""网站与政务新媒体检查: site inspections under 国办秘函〔2019〕19号, rectification, new-media register."""
