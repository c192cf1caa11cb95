package testsite

// The vocabulary below is written for this project in the register of Vietnamese provincial
// department news. Lists are ordered from common to rare: zpick draws them with Zipf weights.
// Tone marks are written in the old style (hòa, thủy, khỏe); newStyle converts a text to the
// new style (hoà, thuỷ, khoẻ) for the articles that use it.

// body is an organisation with its abbreviated form ("" when none is in use).
type body struct{ full, abbr string }

var bodies = []body{
	{"Ủy ban nhân dân tỉnh", "UBND tỉnh"},
	{"Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL"},
	{"Hội đồng nhân dân tỉnh", "HĐND tỉnh"},
	{"Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Ủy ban MTTQ Việt Nam tỉnh"},
	{"Bộ Văn hóa, Thể thao và Du lịch", "Bộ VHTTDL"},
	{"Hội Cựu chiến binh", "Hội CCB"},
	{"Sở Giáo dục và Đào tạo", "Sở GD&ĐT"},
	{"Sở Tài nguyên và Môi trường", "Sở TN&MT"},
	{"Sở Kế hoạch và Đầu tư", "Sở KH&ĐT"},
	{"Sở Lao động - Thương binh và Xã hội", "Sở LĐ-TB&XH"},
	{"Ủy ban nhân dân huyện", "UBND huyện"},
	{"Ban Chấp hành Công đoàn", "BCH Công đoàn"},
	{"Sở Thông tin và Truyền thông", "Sở TT&TT"},
	{"Sở Nông nghiệp và Phát triển nông thôn", "Sở NN&PTNT"},
	{"Đoàn Thanh niên Cộng sản Hồ Chí Minh", "Đoàn TNCS Hồ Chí Minh"},
	{"Sở Y tế", ""},
	{"Sở Nội vụ", ""},
	{"Sở Tài chính", ""},
	{"Đảng ủy Khối các cơ quan tỉnh", ""},
	{"Trung tâm Văn hóa tỉnh", ""},
	{"Bảo tàng tỉnh", ""},
	{"Thư viện tỉnh", ""},
	{"Ban Quản lý di tích tỉnh", ""},
	{"Trung tâm Huấn luyện và Thi đấu thể dục thể thao", ""},
	{"Trung tâm Xúc tiến đầu tư, thương mại và du lịch", ""},
	{"Hội Liên hiệp Phụ nữ tỉnh", ""},
	{"Liên đoàn Lao động tỉnh", ""},
	{"Công an tỉnh", ""},
	{"Bộ Chỉ huy Quân sự tỉnh", ""},
	{"Đài Phát thanh và Truyền hình tỉnh", ""},
	{"Hội Nông dân tỉnh", ""},
	{"Trường Trung học phổ thông chuyên", "Trường THPT chuyên"},
	{"Trung tâm Y tế huyện", ""},
	{"Bệnh viện Đa khoa tỉnh", ""},
	{"Chi cục Bảo vệ môi trường", ""},
	{"Văn phòng Đoàn đại biểu Quốc hội và HĐND tỉnh", ""},
}

var units = []string{
	"Phòng Quản lý Văn hóa", "Văn phòng Sở", "Phòng Kế hoạch - Tài chính", "Phòng Tổ chức - Pháp chế",
	"Thanh tra Sở", "Phòng Quản lý Du lịch", "Phòng Quản lý Thể dục thể thao",
	"Phòng Xây dựng nếp sống văn hóa và Gia đình", "Phòng Giáo dục Trung học", "Phòng Nghiệp vụ Y",
	"Phòng Quản lý Đất đai", "Phòng Giáo dục Mầm non", "Trung tâm Công nghệ thông tin",
	"Phòng Khảo thí và Kiểm định chất lượng", "Phòng Tài nguyên nước", "Chi cục Dân số",
}

var roles = []string{
	"Giám đốc Sở", "Phó Giám đốc Sở", "Phó Chủ tịch UBND tỉnh", "Chủ tịch UBND huyện", "Bí thư Đảng ủy",
	"Trưởng phòng", "Phó Trưởng phòng", "Chủ tịch Công đoàn", "Bí thư Đoàn thanh niên", "Chánh Văn phòng",
	"Chánh Thanh tra", "TUV, Giám đốc Sở", "Phó Chủ tịch HĐND tỉnh", "Chủ tịch Hội CCB", "Hiệu trưởng",
	"Trưởng ban Tuyên giáo", "Ủy viên Ban Thường vụ Tỉnh ủy",
}

var familyNames = []string{
	"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
	"Dương", "Lý", "Đinh", "Trương", "Lâm", "Mai", "Tạ", "Cao", "Lương", "Đào", "Hà", "Triệu", "Quách",
}

var middleNames = []string{
	"Văn", "Thị", "Đức", "Minh", "Hữu", "Thanh", "Quốc", "Ngọc", "Xuân", "Hồng", "Việt", "Thu", "Kim",
	"Công", "Bảo", "Anh", "Quang", "Phương", "Hải", "Thế", "Mạnh", "Trọng", "Diệu", "Khánh",
}

var givenNames = []string{
	"Hùng", "Dũng", "Lan", "Hương", "Thu", "Hà", "Nam", "Tuấn", "Hoa", "Minh", "Thủy", "Hòa", "Bình", "Long",
	"Trang", "Linh", "Phương", "Sơn", "Thắng", "Hải", "Quân", "Nga", "Yến", "Thúy", "Khỏe", "Vinh", "Hiếu",
	"Tâm", "Cường", "Mai", "Thảo", "Huyền", "Oanh", "Toàn", "Khoa", "Đạt", "Quý", "Tùng", "Nhung", "Loan",
	"Chiến", "Trung", "Hạnh", "Giang", "Thành", "Phúc", "Khang", "Ngân", "Vân", "Thư", "Duyên", "Tú",
	"Hào", "Luân", "Thoa", "Xuyến", "Huệ", "Diệp", "Uyên", "Nhàn", "Thiện", "Nghĩa", "Lộc", "Bích",
}

var provinces = []string{
	"Quảng Bình", "Lâm Đồng", "Thái Nguyên", "Bình Định", "Hòa Bình", "Nghệ An", "Thanh Hóa", "Quảng Ninh",
	"Khánh Hòa", "Đắk Lắk", "Lào Cai", "Phú Thọ", "Hà Tĩnh", "Quảng Trị", "Bắc Giang", "An Giang",
}

var places = []string{
	"huyện Quảng Ninh", "thành phố Đồng Hới", "thị xã Ba Đồn", "huyện Bố Trạch", "huyện Lệ Thủy",
	"xã Phong Nha", "phường Hải Thành", "huyện Minh Hóa", "huyện Tuyên Hóa", "xã Tân Hóa",
	"thành phố Đà Lạt", "huyện Lạc Dương", "huyện Đơn Dương", "xã Hòa Bắc", "phường Thủy Xuân",
	"xã Thủy Biều", "huyện Đại Từ", "xã La Bằng", "thị trấn Hùng Sơn", "huyện Phú Lương",
	"huyện Tuy Phước", "thị xã An Nhơn", "xã Nhơn Lý", "huyện Lạc Sơn", "xã Mai Châu",
	"các huyện miền núi", "vùng đồng bào dân tộc thiểu số", "các xã biên giới", "khu vực nông thôn",
}

var events = []string{
	"hội nghị tổng kết công tác năm", "lễ khai mạc Tuần lễ Văn hóa - Du lịch", "hội thi tuyên truyền lưu động",
	"lớp tập huấn nghiệp vụ", "hội nghị sơ kết 6 tháng đầu năm", "giải chạy việt dã", "liên hoan nghệ thuật quần chúng",
	"hội thảo khoa học", "lễ đón nhận Bằng xếp hạng di tích quốc gia", "hội nghị cán bộ, công chức, viên chức",
	"chương trình giao lưu văn nghệ", "đại hội thể dục thể thao", "hội nghị đối thoại với doanh nghiệp",
	"lễ ra quân hưởng ứng Tháng hành động", "hội nghị quán triệt Nghị quyết", "cuộc thi sáng tác ảnh nghệ thuật",
	"lễ phát động phong trào thi đua", "buổi làm việc với đoàn công tác", "hội nghị trực tuyến toàn quốc",
	"lễ hội truyền thống", "triển lãm ảnh tư liệu", "chương trình Xuân yêu thương", "giải bóng đá thiếu niên",
	"ngày hội đọc sách", "hội chợ thương mại - du lịch", "đợt kiểm tra liên ngành", "kỳ thi tuyển sinh vào lớp 10",
	"chiến dịch tiêm chủng mở rộng", "đợt ra quân làm sạch môi trường", "hội nghị phổ biến giáo dục pháp luật",
}

var topics = []string{
	"chuyển đổi số", "cải cách hành chính", "phát triển du lịch bền vững", "xây dựng nông thôn mới",
	"bảo tồn và phát huy giá trị di sản văn hóa", "phòng, chống tham nhũng, tiêu cực", "xây dựng gia đình no ấm, tiến bộ, hạnh phúc",
	"phát triển phong trào thể dục thể thao quần chúng", "thực hành tiết kiệm, chống lãng phí", "an toàn vệ sinh thực phẩm",
	"bảo vệ môi trường", "phòng, chống thiên tai", "đổi mới căn bản, toàn diện giáo dục", "chăm sóc sức khỏe nhân dân",
	"học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "nâng cao chất lượng nguồn nhân lực",
	"thu hút đầu tư", "quản lý đất đai", "phát triển văn hóa đọc", "bình đẳng giới", "công tác dân vận chính quyền",
	"phòng, chống bạo lực gia đình", "quản lý tài nguyên nước", "ứng phó với biến đổi khí hậu", "kinh tế tập thể",
	"an sinh xã hội", "giảm nghèo bền vững", "xây dựng Đảng và hệ thống chính trị", "phổ cập bơi cho trẻ em",
	"quảng bá hình ảnh địa phương", "số hóa tư liệu", "kiểm soát thủ tục hành chính", "cấp giấy chứng nhận quyền sử dụng đất",
}

var verbs = []string{
	"triển khai", "tổ chức", "tăng cường", "đẩy mạnh", "nâng cao", "thực hiện", "hướng dẫn", "kiểm tra",
	"tuyên truyền", "phối hợp", "rà soát", "đánh giá", "quán triệt", "củng cố", "phát huy", "đôn đốc",
	"tham mưu", "xây dựng", "hoàn thiện", "giám sát", "tháo gỡ", "khắc phục", "huy động", "vận động",
	"biểu dương", "ghi nhận", "chỉ đạo", "bồi dưỡng", "khảo sát", "thẩm định", "phê duyệt", "ban hành",
}

var objects = []string{
	"các nhiệm vụ trọng tâm", "kế hoạch hành động", "chương trình công tác", "công tác tuyên truyền",
	"các giải pháp đột phá", "hệ thống văn bản quy phạm pháp luật", "cơ sở dữ liệu chuyên ngành",
	"chất lượng đội ngũ cán bộ", "các phong trào thi đua", "kết quả thực hiện Nghị quyết", "hồ sơ di tích",
	"các thiết chế văn hóa cơ sở", "dịch vụ công trực tuyến", "quy chế phối hợp", "mạng lưới cơ sở y tế",
	"đề án phát triển", "kế hoạch kiểm tra", "nguồn kinh phí", "các điểm đến du lịch", "chương trình giáo dục phổ thông",
	"công tác phòng cháy, chữa cháy", "hồ sơ thủ tục hành chính", "hoạt động văn hóa, văn nghệ", "nhà văn hóa thôn",
	"các câu lạc bộ thể thao", "sản phẩm OCOP", "mô hình điểm", "hệ thống cấp nước sinh hoạt", "bộ chỉ số đánh giá",
}

var adverbs = []string{
	"kịp thời", "hiệu quả", "đồng bộ", "nghiêm túc", "thiết thực", "sâu rộng", "quyết liệt", "chặt chẽ",
	"thường xuyên", "toàn diện", "sáng tạo", "linh hoạt", "bài bản", "công khai, minh bạch", "an toàn, tiết kiệm",
}

var results = []string{
	"đạt nhiều kết quả tích cực", "góp phần hoàn thành thắng lợi các chỉ tiêu được giao", "tạo chuyển biến rõ nét",
	"được nhân dân đồng tình hưởng ứng", "nâng cao nhận thức của cán bộ, đảng viên và nhân dân",
	"từng bước đáp ứng yêu cầu nhiệm vụ trong tình hình mới", "khẳng định vai trò, vị thế của ngành",
	"thu hút đông đảo người dân và du khách tham gia", "tạo không khí phấn khởi, thi đua sôi nổi",
	"góp phần thúc đẩy phát triển kinh tế - xã hội của địa phương", "bảo đảm an toàn, tiết kiệm",
	"vượt kế hoạch đề ra", "được cấp trên đánh giá cao",
}

var limits = []string{
	"công tác phối hợp giữa các đơn vị có lúc chưa chặt chẽ", "nguồn lực đầu tư còn hạn chế",
	"chất lượng một số hoạt động chưa cao", "cơ sở vật chất còn thiếu và xuống cấp",
	"việc ứng dụng công nghệ thông tin chưa đồng đều", "đội ngũ cán bộ cơ sở còn mỏng",
	"tiến độ giải ngân vốn đầu tư công còn chậm", "một số thủ tục còn rườm rà",
}

var connectors = []string{
	"Trong thời gian qua,", "Bên cạnh đó,", "Theo báo cáo,", "Đồng thời,", "Tuy nhiên,", "Qua đó,",
	"Nhằm cụ thể hóa các mục tiêu trên,", "Phát biểu tại hội nghị,", "Thời gian tới,", "Năm nay,",
	"Để đạt được kết quả trên,", "Với tinh thần quyết tâm cao,", "Theo kế hoạch,", "Ngoài ra,",
	"Trên cơ sở đó,", "Cũng trong dịp này,", "Thực hiện chỉ đạo của cấp trên,",
}

var adjs = []string{
	"trang trọng", "sôi nổi", "ấn tượng", "thiết thực", "ý nghĩa", "quan trọng", "cấp thiết", "khả thi",
	"phong phú", "đa dạng", "bền vững", "hiệu quả", "chuyên nghiệp", "thân thiện", "an toàn",
}

var imageCaptions = []string{
	"Quang cảnh hội nghị", "Đại biểu dự hội nghị", "Lãnh đạo Sở phát biểu chỉ đạo", "Các đại biểu chụp ảnh lưu niệm",
	"Trao Giấy khen cho các tập thể có thành tích xuất sắc", "Tiết mục văn nghệ chào mừng", "Đoàn công tác kiểm tra thực tế",
	"Toàn cảnh buổi lễ", "Các vận động viên tranh tài", "Du khách tham quan", "Lãnh đạo tỉnh cắt băng khánh thành",
}

var sources = []string{
	"Báo Quảng Bình", "Cổng Thông tin điện tử tỉnh", "Báo Văn hóa", "Đài PT-TH tỉnh", "Bộ VHTTDL",
	"Báo Lâm Đồng", "Báo Nhân Dân", "TTXVN", "Báo Thái Nguyên", "Báo Bình Định",
}

var tagWords = []string{
	"chuyển đổi số", "du lịch", "di sản", "thể thao", "cải cách hành chính", "gia đình", "văn hóa",
	"giáo dục", "y tế", "môi trường", "nông thôn mới", "thi đua", "lễ hội", "thư viện", "OCOP",
}

// Proper names beyond the lists above are built from Vietnamese onsets and rhymes, so the text
// has thousands of distinct words with a long tail, as real news does.
var onsets = []string{
	"", "b", "c", "ch", "d", "đ", "g", "gi", "h", "k", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "s", "t",
	"th", "tr", "v", "x",
}

// rhymes without a stop ending take all six tones; stop rhymes take only sắc and nặng.
var openRhymes = []string{
	"a", "ai", "am", "an", "ang", "anh", "ao", "au", "ay", "ân", "âm", "âng", "âu", "ây", "e", "em", "en",
	"eo", "ê", "êm", "ên", "ênh", "êu", "i", "im", "in", "inh", "iu", "iêm", "iên", "iêu", "o", "oi", "om",
	"on", "ong", "ô", "ôi", "ôm", "ôn", "ông", "ơ", "ơi", "ơm", "ơn", "u", "ui", "um", "un", "ung", "uân",
	"uôi", "uôn", "uông", "ư", "ưa", "ưng", "ươi", "ương", "oan", "oang", "oanh", "uyên",
}

var stopRhymes = []string{"ac", "ach", "at", "ăc", "ăt", "âc", "ât", "ep", "êt", "ich", "it", "iêt", "oc", "ôc", "ôt", "ơt", "uc", "ut", "ưc", "ươc", "oat"}
