package petition

import (
	"errors"
	"testing"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
)

func TestTemplates(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		unitA := auth.Scope{UnitID: f.unitA}
		tpl, err := f.s.CreateTemplate(ctx, unitA, Template{UnitID: f.unitA, Title: "  Giấy phép  xây dựng ",
			Body: "Kính gửi Quý doanh nghiệp,\n\nSở Xây dựng trả lời như sau: …"})
		if err != nil || tpl.ID == 0 || tpl.Title != "Giấy phép xây dựng" {
			t.Fatalf("create: %+v %v", tpl, err)
		}
		if _, err := f.s.CreateTemplate(ctx, unitA, Template{UnitID: f.unitA, Title: "Chứng chỉ hành nghề", Body: "…"}); err != nil {
			t.Fatal(err)
		}
		list, err := f.s.Templates(ctx, unitA, f.unitA)
		if err != nil || len(list) != 2 || list[0].Title != "Chứng chỉ hành nghề" {
			t.Errorf("list: %+v %v", list, err)
		}

		before := written(t, f.d)
		for _, c := range []struct {
			t     Template
			field string
			msg   string
		}{
			{Template{UnitID: f.unitA, Title: "Giấy phép xây dựng", Body: "x"}, "title", "Tên mẫu: đơn vị đã có mẫu “Giấy phép xây dựng”"},
			{Template{UnitID: f.unitA, Title: "", Body: "x"}, "title", "Tên mẫu: không được để trống"},
			{Template{UnitID: f.unitA, Title: "Mới", Body: " "}, "body", "Nội dung mẫu: không được để trống"},
		} {
			_, err := f.s.CreateTemplate(ctx, unitA, c.t)
			var fe FieldErrors
			if !errors.As(err, &fe) || fe[c.field] != c.msg {
				t.Errorf("%+v: %v", c.t, err)
			}
		}
		if _, err := f.s.CreateTemplate(ctx, auth.Scope{UnitID: f.unitB}, Template{UnitID: f.unitA, Title: "X", Body: "Y"}); !errors.Is(err, ErrForbidden) {
			t.Errorf("another unit creates: %v", err)
		}
		if _, err := f.s.Template(ctx, auth.Scope{UnitID: f.unitB}, tpl.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another unit reads: %v", err)
		}
		if err := f.s.DeleteTemplate(ctx, auth.Scope{UnitID: f.unitB}, tpl.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another unit deletes: %v", err)
		}
		if after := written(t, f.d); after != before {
			t.Errorf("written %v → %v", before, after)
		}

		tpl.Title, tpl.Body, tpl.UnitID = "Cấp giấy phép xây dựng", "Nội dung mới", f.unitB
		upd, err := f.s.UpdateTemplate(ctx, auth.Scope{All: true}, tpl)
		if err != nil || upd.Title != "Cấp giấy phép xây dựng" || upd.UnitID != f.unitA {
			t.Errorf("update: %+v %v", upd, err)
		}
		if err := f.s.DeleteTemplate(ctx, unitA, tpl.ID); err != nil {
			t.Fatal(err)
		}
		if list, _ := f.s.Templates(ctx, unitA, f.unitA); len(list) != 1 {
			t.Errorf("after delete: %+v", list)
		}
		if n := count(t, f.d, "SELECT COUNT(*) FROM audit_log WHERE entity = 'petition_template'"); n != 4 {
			t.Errorf("%d audit entries", n)
		}
	})
}
