-- The legal bases ("Căn cứ …") that the commendation decision and the submission cite,
-- as data: those in force on the document's date (effective_to NULL: still in force).
CREATE TABLE award_legal_bases (
    id {{id}},
    text TEXT NOT NULL,
    sort_order INTEGER NOT NULL,
    effective_from TEXT NOT NULL,
    effective_to TEXT
);

INSERT INTO award_legal_bases (text, sort_order, effective_from) VALUES
    ('Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022', 1, '2024-01-01'),
    ('Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng', 2, '2024-01-01'),
    ('Quy chế thi đua, khen thưởng của Sở (cần xác nhận số, ngày ban hành)', 3, '2024-01-01');
