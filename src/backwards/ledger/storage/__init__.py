"""The ledger's storage: tables, reading and writing them, and the ledger file formats.

``tables`` (SQLAlchemy Core, on ``backwards.store.metadata``), ``records`` (rows to model
values and back), ``repository`` (every change one transaction and one event), ``bulk_read``
(everything at one moment), ``bulk_import`` (many records in one transaction),
``trust_columns`` (the trust report's inputs as columns straight from SQL), ``file_reader`` and
``file_writer`` (the JSON and CSV ledger files).
"""
