-- Eligibility rules for emulation titles and commendations as data (DESIGN.md,
-- principle 1): each with its legal citation and the dates it is in force, so that an
-- administrator corrects a value or adds a new version when a decree changes, without
-- a release. params is a JSON object of the conditions the checker knows (see
-- internal/award/rules.go); confirm marks a value DOMAIN.md asks to confirm against the
-- official text ("cần xác nhận"). The rule for a year is the version in force on 31/12.
-- approval_percent is the share of the members present who must vote for a nominee
-- (approval_strict: more than that share); the council rule holds the quorum. proposal
-- marks a title another authority decides (the province): the council approves the
-- proposal, the Tờ trình carries it, and the Director's decision leaves it out.
CREATE TABLE award_rules (
    id {{id}},
    title TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    level TEXT NOT NULL,
    params TEXT NOT NULL,
    citation TEXT NOT NULL,
    confirm BOOLEAN NOT NULL DEFAULT FALSE,
    effective_from TEXT NOT NULL,
    effective_to TEXT,
    created_at {{timestamp}} NOT NULL,
    UNIQUE (title, version)
);

INSERT INTO award_rules (title, version, name, level, params, citation, confirm, effective_from, created_at) VALUES
('ldtt', 1, 'Lao động tiên tiến', 'person',
 '{"min_rating":"good","approval_percent":50,"approval_strict":true}',
 'Luật Thi đua, khen thưởng số 06/2022/QH15, điều về danh hiệu “Lao động tiên tiến”; Nghị định 98/2023/NĐ-CP', FALSE, '2024-01-01', '2026-01-01 00:00:00'),
('cstdcs', 1, 'Chiến sĩ thi đua cơ sở', 'person',
 '{"requires_title":"ldtt","require_initiative":true,"quota_percent":15,"rounding":"floor","approval_percent":70}',
 'Luật Thi đua, khen thưởng số 06/2022/QH15, điều về danh hiệu “Chiến sĩ thi đua cơ sở”; Nghị định 98/2023/NĐ-CP — tỷ lệ không quá 15% số cá nhân đạt “Lao động tiên tiến” của đơn vị, làm tròn xuống (cần xác nhận)', TRUE, '2024-01-01', '2026-01-01 00:00:00'),
('ttldtt', 1, 'Tập thể lao động tiên tiến', 'unit',
 '{"min_rating":"good","min_ldtt_share":50,"share_strict":true,"member_discipline_from":"warning","approval_percent":50,"approval_strict":true}',
 'Luật Thi đua, khen thưởng số 06/2022/QH15, điều về danh hiệu “Tập thể lao động tiên tiến” — trên 50% cá nhân đạt LĐTT, không có cá nhân bị kỷ luật từ cảnh cáo trở lên (cần xác nhận)', TRUE, '2024-01-01', '2026-01-01 00:00:00'),
('ttldxs', 1, 'Tập thể lao động xuất sắc', 'unit',
 '{"min_rating":"excellent","min_member_rating":"complete","min_ldtt_share":70,"min_cstdcs":1,"member_discipline_from":"reprimand","approval_percent":70}',
 'Luật Thi đua, khen thưởng số 06/2022/QH15, điều về danh hiệu “Tập thể lao động xuất sắc” — 100% hoàn thành nhiệm vụ, từ 70% đạt LĐTT, có cá nhân đạt CSTĐCS, không có cá nhân bị kỷ luật (cần xác nhận)', TRUE, '2024-01-01', '2026-01-01 00:00:00'),
('giay_khen', 1, 'Giấy khen của Giám đốc Sở (hằng năm)', 'person',
 '{"requires_title":"ldtt","min_rating":"excellent","approval_percent":50,"approval_strict":true}',
 'Luật Thi đua, khen thưởng số 06/2022/QH15, điều về Giấy khen; Quy chế thi đua, khen thưởng của Sở (cần xác nhận)', TRUE, '2024-01-01', '2026-01-01 00:00:00'),
('giay_khen_tap_the', 1, 'Giấy khen của Giám đốc Sở cho tập thể (hằng năm)', 'unit',
 '{"requires_title":"ttldtt","min_rating":"excellent","approval_percent":50,"approval_strict":true}',
 'Luật Thi đua, khen thưởng số 06/2022/QH15, điều về Giấy khen; Quy chế thi đua, khen thưởng của Sở (cần xác nhận)', TRUE, '2024-01-01', '2026-01-01 00:00:00'),
('giay_khen_phong_trao', 1, 'Giấy khen của Giám đốc Sở trong phong trào thi đua theo chuyên đề', 'unit',
 '{"min_score":80,"approval_percent":50,"approval_strict":true}',
 'Kế hoạch phát động phong trào thi đua, mục VI; Luật Thi đua, khen thưởng số 06/2022/QH15 — điểm chấm từ 80/100 (cần xác nhận)', TRUE, '2024-01-01', '2026-01-01 00:00:00'),
('bang_khen_tinh', 1, 'Đề nghị Bằng khen của Chủ tịch UBND tỉnh', 'person',
 '{"min_rating":"excellent","consecutive_years":2,"require_initiative":true,"approval_percent":70,"proposal":true}',
 'Luật Thi đua, khen thưởng số 06/2022/QH15, điều về Bằng khen của Chủ tịch UBND cấp tỉnh — 02 năm liên tục hoàn thành xuất sắc nhiệm vụ, có sáng kiến (cần xác nhận)', TRUE, '2024-01-01', '2026-01-01 00:00:00'),
('bang_khen_tinh_tap_the', 1, 'Đề nghị Bằng khen của Chủ tịch UBND tỉnh cho tập thể', 'unit',
 '{"min_rating":"excellent","consecutive_years":2,"min_score":90,"approval_percent":70,"proposal":true}',
 'Luật Thi đua, khen thưởng số 06/2022/QH15, điều về Bằng khen của Chủ tịch UBND cấp tỉnh — 02 năm liên tục hoàn thành xuất sắc nhiệm vụ (cần xác nhận)', TRUE, '2024-01-01', '2026-01-01 00:00:00'),
('co_thi_dua_tinh', 1, 'Đề nghị Cờ thi đua của UBND tỉnh', 'unit',
 '{"requires_title":"ttldxs","min_score":90,"max_rank":1,"approval_percent":70,"proposal":true}',
 'Luật Thi đua, khen thưởng số 06/2022/QH15, điều về Cờ thi đua cấp tỉnh — tập thể tiêu biểu xuất sắc, dẫn đầu (cần xác nhận)', TRUE, '2024-01-01', '2026-01-01 00:00:00'),
('giay_khen_dn', 1, 'Giấy khen của Giám đốc Sở cho doanh nghiệp trong phong trào', 'enterprise',
 '{"min_score":80,"approval_percent":50,"approval_strict":true}',
 'Kế hoạch phát động phong trào thi đua, mục VI — điểm chấm từ 80/100, không có vi phạm, khiếu nại đang giải quyết (cần xác nhận)', TRUE, '2024-01-01', '2026-01-01 00:00:00'),
('bang_khen_tinh_dn', 1, 'Đề nghị Bằng khen của Chủ tịch UBND tỉnh cho doanh nghiệp', 'enterprise',
 '{"min_score":90,"max_rank":1,"approval_percent":70,"proposal":true}',
 'Luật Thi đua, khen thưởng số 06/2022/QH15; Kế hoạch phát động phong trào, mục VI — dẫn đầu ngành, điểm chấm từ 90/100 (cần xác nhận)', TRUE, '2024-01-01', '2026-01-01 00:00:00'),
('hoi_dong', 1, 'Hội đồng Thi đua - Khen thưởng: số thành viên dự họp tối thiểu', 'council',
 '{"quorum_percent":66.67}',
 'Quy chế hoạt động của Hội đồng Thi đua - Khen thưởng Sở — ít nhất 2/3 thành viên dự họp (cần xác nhận)', TRUE, '2024-01-01', '2026-01-01 00:00:00');
