package enterprise

import "github.com/thidua/thidua/internal/tabular"

// Sector is a field of business the plan covers.
type Sector string

const (
	SectorConstruction            Sector = "construction"
	SectorHousing                 Sector = "housing"
	SectorRealEstate              Sector = "real_estate"
	SectorBuildingMaterials       Sector = "building_materials"
	SectorTechnicalInfrastructure Sector = "technical_infrastructure"
	SectorTransport               Sector = "transport"
	SectorLogistics               Sector = "logistics"
)

// Sectors lists the sectors in the plan's order, which is also the display order.
var Sectors = []Sector{SectorConstruction, SectorHousing, SectorRealEstate, SectorBuildingMaterials,
	SectorTechnicalInfrastructure, SectorTransport, SectorLogistics}

// SectorLabels are the Vietnamese names of the sectors.
var SectorLabels = map[Sector]string{
	SectorConstruction:            "Xây dựng",
	SectorHousing:                 "Nhà ở",
	SectorRealEstate:              "Bất động sản",
	SectorBuildingMaterials:       "Vật liệu xây dựng",
	SectorTechnicalInfrastructure: "Hạ tầng kỹ thuật",
	SectorTransport:               "Giao thông vận tải",
	SectorLogistics:               "Logistics",
}

// Label is the Vietnamese name, or the code itself if unknown.
func (s Sector) Label() string { return sectorChoices.Label(s) }

// Valid reports whether s is a sector of the plan.
func (s Sector) Valid() bool { return sectorChoices.Valid(s) }

// ParseSector accepts a code or a Vietnamese name, with or without diacritics.
func ParseSector(s string) (Sector, bool) { return sectorChoices.Parse(s) }

var sectorChoices = tabular.NewChoices(Sectors, SectorLabels)

// Ownership is who owns an enterprise.
type Ownership string

const (
	OwnershipPrivate Ownership = "private"
	OwnershipState   Ownership = "state"
	OwnershipForeign Ownership = "foreign"
	OwnershipOther   Ownership = "other"
)

// Ownerships lists the kinds of ownership in display order.
var Ownerships = []Ownership{OwnershipPrivate, OwnershipState, OwnershipForeign, OwnershipOther}

// OwnershipLabels are the Vietnamese names of the kinds of ownership.
var OwnershipLabels = map[Ownership]string{
	OwnershipPrivate: "Tư nhân",
	OwnershipState:   "Nhà nước",
	OwnershipForeign: "Có vốn đầu tư nước ngoài",
	OwnershipOther:   "Khác",
}

// Label is the Vietnamese name, or the code itself if unknown.
func (o Ownership) Label() string { return ownershipChoices.Label(o) }

// Valid reports whether o is a known kind of ownership.
func (o Ownership) Valid() bool { return ownershipChoices.Valid(o) }

// ParseOwnership accepts a code or a Vietnamese name, with or without diacritics.
func ParseOwnership(s string) (Ownership, bool) { return ownershipChoices.Parse(s) }

var ownershipChoices = tabular.NewChoices(Ownerships, OwnershipLabels)
