import pytest

from demo.company import generate


@pytest.fixture(scope="session")
def company(request):
    """A small demo company (60 employees), kept in pytest's cache and regenerated only when the generator changes."""
    return generate(request.config.cache.mkdir("perfloop-demo-company-60"), employees=60)
