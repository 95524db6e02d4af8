"""The embedded demo: a generated company (`demo.company`) served by vendor-faithful servers (`demo.server`)."""
