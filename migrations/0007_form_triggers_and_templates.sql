-- Assigned forms and their answers are clinical records: never changed, never deleted.
CREATE TRIGGER `form_assignments_no_update` BEFORE UPDATE ON `form_assignments`
BEGIN SELECT RAISE(ABORT, 'assigned forms cannot be changed or deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `form_assignments_no_delete` BEFORE DELETE ON `form_assignments`
BEGIN SELECT RAISE(ABORT, 'assigned forms cannot be changed or deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `form_submissions_no_update` BEFORE UPDATE ON `form_submissions`
BEGIN SELECT RAISE(ABORT, 'a submitted form cannot be changed'); END;
--> statement-breakpoint
CREATE TRIGGER `form_submissions_no_delete` BEFORE DELETE ON `form_submissions`
BEGIN SELECT RAISE(ABORT, 'a submitted form cannot be changed'); END;
--> statement-breakpoint
CREATE INDEX `events_form` ON `events` (`form_id`);
--> statement-breakpoint
INSERT INTO `form_templates` (`name`, `fields`, `built_in`, `updated_at`) VALUES ('Consent to a group session', '[{"id": "f1", "label": "I agree to take part in group sessions with other patients of this clinic.", "type": "yes_no", "required": true}, {"id": "f2", "label": "I will keep what other participants share confidential.", "type": "yes_no", "required": true}, {"id": "f3", "label": "I understand I can leave a group at any time.", "type": "yes_no", "required": true}, {"id": "f4", "label": "Full name", "type": "text", "required": true}, {"id": "f5", "label": "Date", "type": "date", "required": true}]', 1, 0);
--> statement-breakpoint
INSERT INTO `form_templates` (`name`, `fields`, `built_in`, `updated_at`) VALUES ('Session feedback', '[{"id": "f1", "label": "How useful was this session?", "type": "scale", "required": true, "max": 5}, {"id": "f2", "label": "What helped most?", "type": "long_text", "required": false}, {"id": "f3", "label": "Which topics would you like next time?", "type": "multiple_choice", "required": false, "options": ["Sleep", "Stress", "Nutrition", "Movement", "Relationships"]}, {"id": "f4", "label": "Would you recommend the group to others?", "type": "yes_no", "required": true}]', 1, 0);
--> statement-breakpoint
-- a useful form shipped with the app (GAD-7 is free to use and reproduce)
INSERT INTO `form_templates` (`name`, `fields`, `built_in`, `updated_at`) VALUES ('GAD-7: over the last two weeks, how often have you been bothered by…', '[{"id": "f1", "label": "Feeling nervous, anxious, or on edge", "type": "single_choice", "required": true, "options": ["Not at all", "Several days", "More than half the days", "Nearly every day"]}, {"id": "f2", "label": "Not being able to stop or control worrying", "type": "single_choice", "required": true, "options": ["Not at all", "Several days", "More than half the days", "Nearly every day"]}, {"id": "f3", "label": "Worrying too much about different things", "type": "single_choice", "required": true, "options": ["Not at all", "Several days", "More than half the days", "Nearly every day"]}, {"id": "f4", "label": "Trouble relaxing", "type": "single_choice", "required": true, "options": ["Not at all", "Several days", "More than half the days", "Nearly every day"]}, {"id": "f5", "label": "Being so restless that it is hard to sit still", "type": "single_choice", "required": true, "options": ["Not at all", "Several days", "More than half the days", "Nearly every day"]}, {"id": "f6", "label": "Becoming easily annoyed or irritable", "type": "single_choice", "required": true, "options": ["Not at all", "Several days", "More than half the days", "Nearly every day"]}, {"id": "f7", "label": "Feeling afraid, as if something awful might happen", "type": "single_choice", "required": true, "options": ["Not at all", "Several days", "More than half the days", "Nearly every day"]}]', 1, 0);
