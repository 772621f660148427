-- TRUNCATE bypasses row triggers; refuse it on the imported reference data as on every other
-- append-only table.
CREATE TRIGGER imported_structure_no_truncate BEFORE TRUNCATE ON imported_structure
  FOR EACH STATEMENT EXECUTE FUNCTION varanto_refuse_change();
CREATE TRIGGER imported_code_system_no_truncate BEFORE TRUNCATE ON imported_code_system
  FOR EACH STATEMENT EXECUTE FUNCTION varanto_refuse_change();
