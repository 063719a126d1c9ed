import pytest


@pytest.fixture
def presets(db):
    """The shipped presets. Migrations install them; a transactional test's flush removes them."""
    from chengjie.supervision.models import WarningPreset
    from chengjie.supervision.presets import install_presets

    install_presets(WarningPreset)
    return {preset.rule if preset.rule != "deadline" or preset.is_default else "countdown": preset
            for preset in WarningPreset.objects.all()}
