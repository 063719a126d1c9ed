"""Official documents (GB/T 9704-2012) and Excel workbooks rendered from plain data; no domain logic."""
