"use strict";
exports.globalConditionKeys = [
    {
        key: 'aws:SourceIp',
        category: 'network',
        type: 'IPAddress',
        description: ''
    },
    {
        key: 'aws:TagKeys',
        category: 'request',
        type: 'ArrayOfString',
        description: ''
    },
    {
        key: 'aws:RequestTag/tag-key',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key00',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key01',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key02',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key03',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key04',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key05',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key06',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key07',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key08',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key09',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key10',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key11',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key12',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key13',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key14',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key15',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key16',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key17',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key18',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key19',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key20',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key21',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key22',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key23',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key24',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key25',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key26',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key27',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key28',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key29',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key30',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key31',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key32',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key33',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key34',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key35',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key36',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key37',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key38',
        category: 'request',
        type: 'String',
        description: ''
    },
    {
        key: 'aws:Key39',
        category: 'request',
        type: 'String',
        description: ''
    }
];
