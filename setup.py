"""Maps the top-level rules/ folder into the package as integrity_check.rulepacks.

Everything else about the project lives in pyproject.toml.
"""
from setuptools import find_packages, setup

setup(
    packages=find_packages("src") + ["integrity_check.rulepacks"],
    package_dir={"": "src", "integrity_check.rulepacks": "rules"},
    package_data={"integrity_check.rulepacks": ["*.toml"]},
)
