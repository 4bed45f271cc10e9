/** The county's and the city's words: office names, categories, regions, people's names. */

/** The sample's two categories (a county appraisal of 乡镇 and 县级部门). */
export const TOWNSHIP = '乡镇';
export const DEPARTMENT = '县级部门';

/**
 * The categories of a generated area (offices.ts): a county ranks its 乡镇(街道)
 * 党政办 by region and its departments by system (党群 or 政府), as the seed
 * essay's 办公室 exchanges do (乡镇分片区、县级各部门分系统); a city adds its
 * 街道 apart from its 乡镇, the counties' 两办 (县委办、县政府办, the system's
 * lead offices) as a category of their own, and its own departments (市直).
 */
export const STREET = '街道';
export const COUNTY_LEAD = '县级两办';
export const COUNTY_PARTY = '县级党群部门';
export const COUNTY_GOVERNMENT = '县级政府部门';
export const CITY_PARTY = '市直党群部门';
export const CITY_GOVERNMENT = '市直政府部门';
/** categories whose offices are township-level 党政办 (fewer people and documents than a department's) */
export const TOWN_LEVEL: ReadonlySet<string> = new Set([TOWNSHIP, STREET]);

export const TOWNS = [
  '城关镇',
  '东关镇',
  '西城镇',
  '南坪镇',
  '北岭镇',
  '青石镇',
  '白沙镇',
  '柳河镇',
  '桃源镇',
  '杨店镇',
  '马坊镇',
  '黄庄镇',
  '石桥镇',
  '龙泉镇',
  '新集镇',
  '高坪乡',
  '双河乡',
  '清水乡',
  '大坪乡',
  '李家乡',
  '王集乡',
  '枣林乡',
  '花园乡',
  '上河乡',
  '下庄乡',
  '金山乡',
  '关庙乡',
  '三里乡',
];
export const TOWN_REGIONS = [
  '城区',
  '城区',
  '城区',
  '东片',
  '东片',
  '东片',
  '东片',
  '东片',
  '东片',
  '东片',
  '西片',
  '西片',
  '西片',
  '西片',
  '西片',
  '南片',
  '南片',
  '南片',
  '南片',
  '南片',
  '西片',
  '南片',
  '东片',
  '东片',
  '南片',
  '西片',
  '南片',
  '东片',
];
/** department offices, written after the county name ("县" in the sample) */
export const DEPARTMENTS = [
  '委办公室',
  '政府办公室',
  '人大常委会办公室',
  '政协办公室',
  '纪委监委办公室',
  '委组织部办公室',
  '委宣传部办公室',
  '发展和改革局办公室',
  '教育局办公室',
  '公安局办公室',
  '财政局办公室',
  '人力资源和社会保障局办公室',
  '自然资源局办公室',
  '住房和城乡建设局办公室',
  '交通运输局办公室',
  '农业农村局办公室',
  '水利局办公室',
  '商务局办公室',
  '卫生健康局办公室',
  '市场监督管理局办公室',
  '应急管理局办公室',
  '民政局办公室',
  '司法局办公室',
  '数据局办公室',
];
export const COUNTY_A = [
  '安',
  '永',
  '平',
  '宁',
  '长',
  '清',
  '丰',
  '阳',
  '临',
  '新',
  '元',
  '兴',
  '德',
  '广',
  '泰',
  '和',
  '嘉',
  '通',
  '庆',
  '华',
];
export const COUNTY_B = [
  '平',
  '阳',
  '宁',
  '山',
  '川',
  '江',
  '城',
  '丰',
  '远',
  '安',
  '乐',
  '化',
  '泉',
  '河',
  '源',
  '林',
  '寿',
  '昌',
  '定',
  '康',
];

/** 街道 (sub-districts) of a generated county's seat or of a district (none shares a name with a TOWNS entry) */
export const STREETS = [
  '府前街道',
  '东城街道',
  '南城街道',
  '北城街道',
  '新华街道',
  '人民路街道',
  '解放路街道',
  '建设路街道',
  '文化路街道',
  '和平街道',
  '朝阳街道',
  '长安街道',
  '滨河街道',
  '青年路街道',
  '光明街道',
  '站前街道',
];
/** the two lead offices of a county (两办), written after its name */
export const LEADS = ['委办公室', '政府办公室'];
/** a county's party and mass-organisation offices (党群系统) besides its 党委办公室 */
export const PARTY_OFFICES = [
  '人大常委会办公室',
  '政协办公室',
  '纪委监委办公室',
  '委组织部办公室',
  '委宣传部办公室',
  '委统战部办公室',
  '委政法委员会办公室',
  '委机构编制委员会办公室',
  '委老干部局办公室',
  '委党校办公室',
  '委直属机关工作委员会办公室',
  '委社会工作部办公室',
  '档案馆办公室',
  '总工会办公室',
  '团委办公室',
  '妇女联合会办公室',
  '科学技术协会办公室',
  '工商业联合会办公室',
  '文学艺术界联合会办公室',
  '残疾人联合会办公室',
  '人民法院办公室',
  '人民检察院办公室',
];
/** a county's government departments and the units stationed in it (政府系统) besides its 政府办公室 */
export const GOVERNMENT_OFFICES = [
  '发展和改革局办公室',
  '教育局办公室',
  '科学技术局办公室',
  '工业和信息化局办公室',
  '公安局办公室',
  '民政局办公室',
  '司法局办公室',
  '财政局办公室',
  '人力资源和社会保障局办公室',
  '自然资源局办公室',
  '生态环境分局办公室',
  '住房和城乡建设局办公室',
  '交通运输局办公室',
  '水利局办公室',
  '农业农村局办公室',
  '商务局办公室',
  '文化和旅游局办公室',
  '卫生健康局办公室',
  '退役军人事务局办公室',
  '应急管理局办公室',
  '审计局办公室',
  '市场监督管理局办公室',
  '统计局办公室',
  '医疗保障局办公室',
  '林业局办公室',
  '城市管理局办公室',
  '信访局办公室',
  '数据局办公室',
  '行政审批服务局办公室',
  '机关事务服务中心办公室',
  '供销合作社办公室',
  '税务局办公室',
  '气象局办公室',
  '烟草专卖局办公室',
  '消防救援大队办公室',
  '粮食和物资储备中心办公室',
  '国有资产服务中心办公室',
  '投资促进中心办公室',
  '公共资源交易中心办公室',
  '住房公积金管理中心办公室',
];
/** the city's own party and mass-organisation offices: the county's, at city level, and five more */
export const CITY_PARTY_OFFICES = [
  ...PARTY_OFFICES.map((n) => (n === '人民法院办公室' ? '中级人民法院办公室' : n)),
  '委党史研究室办公室',
  '社会科学界联合会办公室',
  '红十字会办公室',
  '归国华侨联合会办公室',
  '日报社办公室',
];
/** the city's own government departments: the county's (a city's 消防 is a 支队), and five more */
export const CITY_GOVERNMENT_OFFICES = [
  ...GOVERNMENT_OFFICES.map((n) =>
    n === '消防救援大队办公室' ? '消防救援支队办公室' : n === '生态环境分局办公室' ? '生态环境局办公室' : n,
  ),
  '体育局办公室',
  '民族宗教事务局办公室',
  '地方金融管理局办公室',
  '国有资产监督管理委员会办公室',
  '广播电视台办公室',
];

export const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
export const GIVEN = [
  ...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红玲建国志海波宁文辉鹏飞晓东雪梅兰婷俊峰琳燕颖倩斌浩亮宇欣怡佳凯帆蕾晨阳慧瑞丹璐鑫博',
];
