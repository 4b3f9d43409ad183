package icd10

// Prior bleeding tiers of DOMAIN.md 6.4. The list is compiled from common
// register-based definitions [M/U]; no single validated Norwegian list
// exists, so a study should validate it by chart review (PPV).
var (
	// BleedIntracranial: non-traumatic SAH I60, ICH I61, other non-traumatic
	// intracranial haemorrhage I62; traumatic epidural S06.4, subdural
	// S06.5 and subarachnoid S06.6 haemorrhage; sequelae I69.0–I69.2.
	BleedIntracranial = Category{Key: "intracranial", Label: "Intracranial haemorrhage", Prefixes: []string{
		"I60", "I61", "I62", "S064", "S065", "S066", "I690", "I691", "I692",
	}}
	// BleedGI: haematemesis K92.0, melaena K92.1, GI haemorrhage unspecified
	// K92.2; gastric, duodenal, peptic and gastrojejunal ulcer with
	// haemorrhage (K25–K28 with 4th character 0, 2, 4 or 6: acute or chronic
	// with haemorrhage, with or without perforation); acute haemorrhagic
	// gastritis K29.0; Mallory–Weiss K22.6; bleeding oesophageal varices
	// I85.0; anal and rectal haemorrhage K62.5; haemoperitoneum K66.1.
	BleedGI = Category{Key: "gi", Label: "Gastrointestinal haemorrhage", Prefixes: []string{
		"K920", "K921", "K922",
		"K250", "K252", "K254", "K256",
		"K260", "K262", "K264", "K266",
		"K270", "K272", "K274", "K276",
		"K280", "K282", "K284", "K286",
		"K290", "K226", "I850", "K625", "K661",
	}}
	// BleedGU: haematuria R31, recurrent and persistent haematuria N02,
	// abnormal uterine bleeding N93.8/N93.9, postmenopausal bleeding N95.0,
	// excessive menstruation N92 (a weak marker, kept as in DOMAIN.md).
	BleedGU = Category{Key: "gu", Label: "Urogenital haemorrhage", Prefixes: []string{
		"R31", "N02", "N938", "N939", "N950", "N92",
	}}
	// BleedRespENT: epistaxis R04.0, throat R04.1, haemoptysis R04.2, other
	// respiratory passages R04.8/R04.9.
	BleedRespENT = Category{Key: "resp_ent", Label: "Respiratory or ENT haemorrhage", Prefixes: []string{
		"R040", "R041", "R042", "R048", "R049",
	}}
	// BleedOther: haemothorax J94.2, haemopericardium I31.2, haemarthrosis
	// M25.0, retinal H35.6, vitreous H43.1, conjunctival H11.3, otorrhagia
	// H92.2, haemorrhage NEC R58, procedural haemorrhage T81.0.
	BleedOther = Category{Key: "other", Label: "Haemorrhage at other sites", Prefixes: []string{
		"J942", "I312", "M250", "H356", "H431", "H113", "H922", "R58", "T810",
	}}
	// BleedMarker: acute posthaemorrhagic anaemia D62, chronic blood-loss
	// anaemia D50.0, haemorrhagic disorder due to circulating anticoagulants
	// D68.3 (WHO 2016), anticoagulant adverse effect Y44.2.
	BleedMarker = Category{Key: "marker", Label: "Marker of prior bleeding", Prefixes: []string{
		"D62", "D500", "D683", "Y442",
	}}
	// BleedMajorOther are the sites other than intracranial and GI that make
	// prior_major_site: haemothorax J94.2 and haemopericardium I31.2.
	BleedMajorOther = Category{Key: "major_other", Label: "Haemothorax or haemopericardium", Prefixes: []string{
		"J942", "I312",
	}}
)

// Bleeding is a patient's prior bleeding by tier (DOMAIN.md 6.4).
type Bleeding struct {
	// Any: any code of any tier, markers included.
	Any bool
	// MajorSite: intracranial, GI, haemothorax or haemopericardium, the
	// sites where a coded bleed is usually major; a proxy for a prior major
	// bleed, not the ISTH definition.
	MajorSite bool
	// Per tier.
	ICH, GI, GU, RespENT, Other, Marker bool
}

// PriorBleeding returns the prior bleeding tiers of codes.
func PriorBleeding(codes []string) Bleeding {
	b := Bleeding{
		ICH:     BleedIntracranial.Matches(codes),
		GI:      BleedGI.Matches(codes),
		GU:      BleedGU.Matches(codes),
		RespENT: BleedRespENT.Matches(codes),
		Other:   BleedOther.Matches(codes),
		Marker:  BleedMarker.Matches(codes),
	}
	b.MajorSite = b.ICH || b.GI || BleedMajorOther.Matches(codes)
	b.Any = b.ICH || b.GI || b.GU || b.RespENT || b.Other || b.Marker
	return b
}
